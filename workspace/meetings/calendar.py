"""Meetings as iCalendar (RFC 5545), written with the icalendar library, never by hand."""

from icalendar import Calendar, Event, vCalAddress, vText

from workspace.meetings.models import Meeting


def ics_of(meetings: list[Meeting], host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Alinea//Meeting log//EN")
    calendar.add("version", "2.0")
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
