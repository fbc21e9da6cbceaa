"""Builders for the goal tests: a goal of a period, typed or tracking a live metric."""

from datetime import date

from workspace.goals import services

PERIOD = "2026-Q2"


def goal_fields(owner, **changes) -> dict:
    return {"title": "More qualified leads", "owner_id": owner.id, "owner_team": owner.team,
            "metric": "", "unit": "MQLs", "baseline": 100.0, "target": 150.0,
            "direction": "increase", "measured_how": "", "deadline": date(2026, 6, 30),
            "why": "Sales has capacity.", "initiatives": "", "obstacles": "", "resources": "",
            "other_team_help": "Call within the hour.", **changes}


def make_goal(owner, period: str = PERIOD, **changes):
    return services.create_goal(owner, period, goal_fields(owner, **changes))
