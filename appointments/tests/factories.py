"""Availability set-up for tests; appointments themselves go through the services."""

from datetime import time

import factory

from tickets.tests.factories import CategoryFactory, DeskFactory

from ..models import AppointmentHours, AppointmentSchedule, Location


class ScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AppointmentSchedule

    desk = factory.SubFactory(DeskFactory)
    slot_minutes = 30
    horizon_days = 14
    min_notice_minutes = 60
    change_cutoff_hours = 24


class LocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Location

    desk = factory.SubFactory(DeskFactory)
    name_nl = "Helpdesk, gebouw A"
    name_en = "Help desk, building A"
    address = "Campus Noord, gebouw A, lokaal 0.12"


def open_schedule(*, agents=(), weekdays=range(5), opens=time(9), closes=time(12), **kwargs):
    """A desk that takes appointments on ``weekdays`` between ``opens`` and ``closes``."""
    schedule = ScheduleFactory(**kwargs)
    for weekday in weekdays:
        AppointmentHours.objects.create(
            schedule=schedule, weekday=weekday, opens=opens, closes=closes
        )
    schedule.agents.set(agents)
    LocationFactory(desk=schedule.desk)
    return schedule


def category_for(schedule: AppointmentSchedule):
    return CategoryFactory(default_desk=schedule.desk)
