"""Meetings as iCalendar (RFC 5545), written with the icalendar library, never by hand."""

from datetime import timedelta

from icalendar import Calendar, Event, vCalAddress, vDuration, vText

from workspace.meetings.models import Meeting

# How often a subscribed calendar app should fetch a feed again (apps may wait longer).
REFRESH = timedelta(hours=1)


def ics_of(meetings: list[Meeting], host: str, name: str | None = None) -> bytes:
    """One meeting's file, or with a `name` a feed that calendar apps subscribe to."""
    calendar = Calendar()
    calendar.add("prodid", "-//Alinea//Meeting log//EN")
    calendar.add("version", "2.0")
    if name:
        calendar.add("name", name)  # RFC 7986
        calendar.add("x-wr-calname", name)  # what Google, Outlook and Apple Calendar read
        calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(REFRESH))  # Outlook's older name for it
    for meeting in meetings:
        calendar.add_component(event_of(meeting, host))
    return calendar.to_ical()


def event_of(meeting: Meeting, host: str) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.id}@{host}")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at)  # UTC: each calendar shows its reader's zone
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", meeting.updated_at)
    event.add("status", "CONFIRMED")
    organiser = vCalAddress(f"mailto:{meeting.organiser.email}")
    organiser.params["cn"] = vText(meeting.organiser.name)
    event.add("organizer", organiser)
    for attendee in meeting.attendees:
        address = vCalAddress(f"mailto:{attendee.user.email}")
        address.params["cn"] = vText(attendee.user.name)
        event.add("attendee", address)
    return event
