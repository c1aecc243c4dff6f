from django.urls import path

from . import views

app_name = "courses"

urlpatterns = [
    path("my/", views.my_learning, name="my_learning"),
    path("my/enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("manage/positions/", views.position_overview, name="position_overview"),
    path("manage/learners/", views.learner_list, name="learner_list"),
    path("manage/learners/overdue/", views.overdue_list, name="overdue_list"),
    path(
        "manage/learners/<int:pk>/remind/", views.overdue_remind, name="overdue_remind"
    ),
    path("manage/learners/<int:pk>/", views.learner_detail, name="learner_detail"),
    path(
        "manage/learners/<int:pk>/assign/", views.learner_assign, name="learner_assign"
    ),
    path("manage/standard/", views.standard_rates, name="standard_rates"),
    path(
        "manage/standard/regions/<int:region_id>/",
        views.standard_region_people,
        name="standard_region_people",
    ),
]
