"""How the lead loop's stored values read. Marked here, translated where shown, per request."""

from workspace.i18n import N_

STATUS = {"new": N_("To contact"), "working": N_("Working"), "accepted": N_("SQL"),
          "nurture": N_("Nurture"), "disqualified": N_("Disqualified"), "won": N_("Won"),
          "lost": N_("Lost")}
CHANNELS = {"call": N_("Call"), "email": N_("Email"), "linkedin": N_("LinkedIn"),
            "meeting": N_("Meeting")}
OUTCOMES = {"no_answer": N_("No answer"), "left_message": N_("Left a message"),
            "connected": N_("Connected"), "meeting_booked": N_("Meeting booked")}
# What a verdict did, in a lead's timeline; the rating form offers them as actions.
VERDICTS = {"accepted": N_("Accepted as SQL"), "nurture": N_("Back to nurture"),
            "disqualified": N_("Disqualified")}
VERDICT_ACTIONS = {"accepted": N_("Accept as SQL"), "nurture": N_("Back to nurture"),
                   "disqualified": N_("Disqualify")}
REASONS = {"fits": N_("Fits the profile"), "wrong_contact": N_("Wrong contact"),
           "no_budget": N_("No budget"), "no_need": N_("No need"),
           "bad_timing": N_("Bad timing"), "duplicate": N_("Duplicate"), "other": N_("Other")}
