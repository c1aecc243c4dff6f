"""Mentors' and regional admins' pages (the learner's are routes of the item pages)."""

from django.urls import path

from .views import assignments, grants

app_name = "assessments"

urlpatterns = [
    path("manage/reviews/", assignments.review_queue, name="review_queue"),
    path("manage/reviews/<int:pk>/", assignments.review_detail, name="review"),
    path(
        "manage/reviews/<int:pk>/files/<int:file_id>/",
        assignments.review_file,
        name="review_file",
    ),
    path(
        "manage/learners/<int:pk>/quizzes/<uuid:quiz_key>/grant/",
        grants.quiz_attempt_grant,
        name="quiz_attempt_grant",
    ),
]
