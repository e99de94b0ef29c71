"""Write the demo hub's question snapshot, data/questions.json, from the threads below.

Larkspur is fictional: these are the kind of questions its customers would ask on
GitHub, written as real issues are (issue-form comments, task lists, pasted logs,
alerts). Run `python scripts/make_demo_questions.py` after editing a thread; it
writes the demo's snapshot and the tests' hub's (tests/hub/data/questions.json),
deterministically, so an unchanged script rewrites nothing.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from openbook.questions import snapshot  # noqa: E402 - after the path is set

REPO = "larkspur-hq/openbook-hub"
BASE = f"https://github.com/{REPO}/issues"
STAFF = {"priya-larkspur": "MEMBER", "tomasz-w": "MEMBER", "larkspur-support": "CONTRIBUTOR"}
COMMENT_ID = 2_481_000_000


def who(login: str) -> dict[str, str]:
    association = STAFF.get(login, "NONE")
    if login.endswith("[bot]"):
        association = "NONE"
    return {"login": login, "association": association}


def at(day: str, hour: float = 9.0) -> datetime:
    base = datetime.fromisoformat(day).replace(tzinfo=timezone.utc)
    return base + timedelta(hours=hour)


def reactions(up: int = 0, **others: int) -> dict[str, int]:
    counts = dict.fromkeys(snapshot.REACTIONS, 0)
    counts["+1"] = up
    counts.update({name.replace("_", ""): value for name, value in others.items()})
    return counts


# (number, title, labels, asker, asked (day, hour), body, comments, extra)
# A comment is (login, hours after the question, body, 👍 count); "{answer:N}" in a body
# becomes the permalink of the thread's comment N, as GitHub's "Copy link" gives it.
THREADS = [
    (3, "Can I switch from Starter to Team in the middle of a billing month?", ["question", "billing"],
     "maria-cuts", ("2026-02-03", 10),
     "We run a two-chair salon on Starter and just hired a third stylist. If I upgrade to Team today, "
     "do I pay the full Team price for February or only for the days left?",
     [("priya-larkspur", 3.5,
       "You pay only for the days left. When you upgrade, we credit the unused part of your Starter month "
       "and charge Team pro rata, on the same invoice. Your billing date stays the same.\n\n"
       "The details are on the [pricing page](https://larkspur-hq.github.io/openbook-hub/pricing/).", 14),
      ("maria-cuts", 5, "Perfect, thank you! Upgraded and the invoice matches.", 2)],
     {"up": 21, "heart": 3}),
    (5, "Does Larkspur sync with Outlook calendars, or only Google?", ["question", "calendar-sync"],
     "dr-okafor-physio", ("2026-02-11", 14),
     "Our clinic runs on Microsoft 365. Can Larkspur read our Outlook calendars so patients can't book "
     "when a therapist is already busy?",
     [("tomasz-w", 20,
       "Yes. Team and Business plans sync with Microsoft 365 and Outlook.com through Microsoft Graph, in "
       "both directions:\n\n"
       "| Direction | What syncs | Delay |\n|---|---|---|\n"
       "| Outlook → Larkspur | busy times only (no titles) | about 2 minutes |\n"
       "| Larkspur → Outlook | every booking, with the client's first name | immediate |\n\n"
       "Starter syncs with one Google calendar only.", 9)],
     {"up": 17}),
    (8, "Reminder SMS arrive an hour late since the clocks changed", ["question", "notifications"],
     "tutor-ben", ("2026-03-30", 8),
     # Written through the issue form, as most questions are: its template comments stay in the
     # body (GitHub hides them, and so must the hub), with a task list and a pasted log.
     "<!-- Thanks for asking! Describe what happened, what you expected, and what you tried. -->\n"
     "### What happened?\n\n"
     "Since last Sunday my students get their SMS reminder at 15:00 for a 15:00 lesson instead of 14:00. "
     "Email reminders are fine. I'm in Europe/London.\n\n"
     "### What I tried\n\n"
     "- [x] Checked the time zone under **Settings → Business**\n"
     "- [x] Sent a test reminder\n"
     "  - it arrived on time\n"
     "  - but the scheduled ones are still late\n"
     "- [ ] Contacted support\n\n"
     "<!-- Paste logs between the tags below. -->\n"
     "<details><summary>Reminder log for Monday</summary>\n\n"
     "```\n2026-03-30T13:00:00Z queued  booking=b_8812 lesson=14:00 Europe/London\n"
     "2026-03-30T14:00:02Z sent    booking=b_8812 channel=sms\n```\n\n"
     "</details>",
     [("sofia-lessons", 2, "Same here in Europe/Dublin. Looks like the SMS job didn't get the DST change.", 6),
      ("priya-larkspur", 6,
       "Thank you both, confirmed: SMS reminders used the UTC offset from the moment the booking was made. "
       "The fix went out at 13:20 UTC today; reminders for bookings made before the change are recalculated. "
       "Sorry for the missed reminders.\n\n"
       "> [!NOTE]\n"
       "> Reminders already sent late cannot be recalled. If a student missed a lesson because of it, "
       "reply here or write to support and we will refund that booking's SMS credits.\n\n"
       "Thanks @sofia-lessons for the Dublin report :pray:", 11)],
     {"up": 9, "confused": 2}, ),
    (9, "How do I export all my client records?", ["question", "data"],
     "greenleaf-tutoring", ("2026-04-02", 16),
     "We are moving our records into a new CRM. Is there a way to export every client with their booking "
     "history, not just this month's list?",
     [("larkspur-support", 19,
       "Yes: **Settings → Data → Export everything**. You get a ZIP with one CSV per table. For example, "
       "`clients.csv` starts like this:\n\n"
       "```csv\nclient_id,first_name,last_name,email,phone,created_at\n"
       "c_0192,Ana,Ruiz,ana@example.com,,2025-09-14T10:02:00Z\n```\n\n"
       "Bookings are in `bookings.csv` with a `client_id` column to join on.", 12)],
     {"up": 25}),
    (11, "Is there an API to create bookings from our own website?", ["question", "integrations"],
     "kasia-dev", ("2026-04-20", 11),
     "We have our own website and would like to show free slots and create bookings from it, instead of "
     "embedding the Larkspur widget. Is there a public API?",
     [("tomasz-w", 27,
       "There is, on Team and Business: a REST API with API keys per location. To get started:\n"
       "1. Create a key under **Settings → API**:\n"
       "   - one key per location\n"
       "   - keys can be read-only\n"
       "2. Ask for free slots, then create the booking:\n"
       "   ```http\n   GET /v1/locations/{id}/slots?service=cut-45&from=2026-05-01\n"
       "   POST /v1/bookings\n   ```\n\n"
       "The reference lives at https://developers.larkspur.example/ .", 8),
      ("kasia-dev", 30, "Great. Is there a rate limit?", 0),
      ("tomasz-w", 31, "600 requests a minute per key. Ask us if you need more.", 4)],
     {"up": 19}),
    (12, "Google Calendar sync stopped after I changed my Google password", ["question", "calendar-sync"],
     "lena-studio", ("2026-05-06", 9),
     "After changing my Google password, bookings stopped appearing in Google Calendar. The Larkspur "
     "calendar page still says \"connected\".",
     [("nail-bar-leeds", 3,
       "Had the same. Disconnect and reconnect Google under Settings → Calendars, it fixed it for me.", 15),
      ("priya-larkspur", 5,
       "That's the fix. Google revokes our access when the password changes, and until today we showed the "
       "old status. Since release 4.18 the page says *Reconnect needed* and we email you.", 10),
      ("priya-larkspur", 5.2,
       "Accepted answer: {answer:0}", 0)],
     {"up": 33, "heart": 4}),
    (14, "Can clients pay a deposit when they book?", ["question", "billing"],
     "brow-lab", ("2026-05-19", 13),
     "No-shows are costing us. Can Larkspur take a deposit by card at booking time and keep it if the "
     "client doesn't turn up?",
     [("larkspur-support", 22,
       "Yes, on Team and Business with Stripe connected: set a deposit per service (fixed or a percentage) "
       "under Services → Payment. Your cancellation policy decides when the deposit is kept. See also #3 "
       "for how plan changes are billed.", 7)],
     {"up": 14}),
    (17, "Do you store card numbers?", ["question", "data", "billing"],
     "jon-barber", ("2026-06-01", 10),
     "A client asked me whether Larkspur keeps their card number. What should I tell them?",
     [("priya-larkspur", 4,
       "No. Card details go straight from the client's browser to Stripe; we keep only Stripe's token, the "
       "card brand and the last four digits, so we can show \"Visa ending 4242\" on the receipt.", 12)],
     {"up": 11}),
    (18, "WhatsApp reminders instead of SMS?", ["question", "notifications"],
     "salon-aurora", ("2026-06-09", 15),
     "Most of our clients prefer WhatsApp. Can reminders go out on WhatsApp instead of SMS?",
     [("kamil-hair", 30, "+1, WhatsApp would save us a lot on SMS costs.", 5),
      ("tutor-ben", 50, "We'd use it too, though some older clients still want SMS. Related: the widget "
       "ideas in #22.", 1)],
     {"up": 42, "eyes": 5}),
    (20, "Two staff members booked into the same room at the same time", ["question", "calendar-sync"],
     "calm-physio", ("2026-06-23", 9),
     "We have two treatment rooms and four therapists. Yesterday Larkspur let two therapists book room 1 "
     "for the same hour. Can a room be a resource that only one booking can use?",
     [("tomasz-w", 28,
       "Yes, with resources (Team and Business): **Settings → Resources → Add room**, then tick the room on "
       "each service that needs it. A slot is offered only when the therapist *and* a room are free.", 6)],
     {"up": 8}),
    (21, "How long do you keep data after I cancel?", ["question", "data"],
     "greenleaf-tutoring", ("2026-07-02", 12),
     "If we cancel our subscription, how long do you keep our client data, and can we ask for it to be "
     "deleted sooner?",
     [("priya-larkspur", 7,
       "We keep it for 30 days after the end of your last paid period, so you can come back or export it, "
       "then delete it from our databases; backups roll off 35 days later. You can ask for deletion at any "
       "time from Settings → Data → Delete account. The full policy is on the data handling page.", 9)],
     {"up": 16}),
    (23, "Can I give a receptionist access without showing revenue?", ["question", "billing"],
     "maria-cuts", ("2026-07-15", 10),
     "Our receptionist needs to manage bookings but shouldn't see revenue reports or invoices. Is there a "
     "role for that?",
     [("larkspur-support", 6,
       "Yes: the *Front desk* role sees and edits bookings and clients but not reports, invoices or "
       "billing settings. Team and Business only.", 5)],
     {"up": 7}),
    (24, "Zoom links for online tutoring sessions", ["question", "integrations"],
     "sofia-lessons", ("2026-07-28", 18),
     "Can Larkspur create a Zoom meeting automatically for each online lesson and put the link in the "
     "confirmation email?",
     [("kasia-dev", 4,
       "Not built in as far as I know, but we do it with the API from #11 and a small script that calls "
       "Zoom when a booking webhook arrives.", 3),
      ("sofia-lessons", 20, "Thanks, but I'm not a developer. Hoping for a built-in option.", 2)],
     {"up": 23}),
    (26, "Price rise for Team plan: how much notice do we get?", ["question", "billing"],
     "jon-barber", ("2026-08-25", 11),
     "I read a rumour that Team is going up. How much notice do existing customers get before a price "
     "change?",
     [("priya-larkspur", 2.5,
       "At least 30 days, by email and on the pricing page of this hub, which shows every price with the "
       "date it took effect. There is no Team price change planned right now.", 18)],
     {"up": 12}),
    (27, "Clients get two confirmation emails", ["question", "notifications"],
     "lena-studio", ("2026-09-01", 8),
     "Since this week every client receives the booking confirmation twice, a minute apart.",
     [("tomasz-w", 1.5,
       "Found it: a retry in our email queue resent messages that had already gone out. Fixed at 10:05 UTC. "
       "No duplicates should arrive for bookings made after that.", 6),
      ("larkspur-triage[bot]", 1.6, "This issue was added to the *Incidents* project board.", 0)],
     {"up": 5}),
    (29, "Is Larkspur GDPR compliant? Where is data hosted?", ["question", "data"],
     "dr-okafor-physio", ("2026-09-08", 9),
     "As a clinic we need a data processing agreement and to know where data is stored.",
     [("priya-larkspur", 3,
       "Data is hosted in the EU (Frankfurt), backups in Dublin. The DPA is signed in-app under Settings → "
       "Legal, and our sub-processors are listed on the data handling page. For a clinic, note that we are "
       "not certified for medical records: keep clinical notes in your clinical system.", 14)],
     {"up": 19}),
    (30, "Recurring weekly bookings for the same student", ["question", "calendar-sync"],
     "tutor-ben", ("2026-09-15", 17),
     "Can I book a student every Tuesday at 16:00 for the whole term in one go?",
     [("larkspur-support", 16,
       "Yes: open the booking, choose **Repeat**, then *Weekly* and an end date. Each lesson is a separate "
       "booking, so you can move one without touching the rest.", 8),
      ("tutor-ben", 18, "Found it, thanks!", 0)],
     {"up": 10}),
    (32, "Mailchimp integration", ["question", "integrations"],
     "salon-aurora", ("2026-09-22", 10),
     "Can new clients be added to our Mailchimp list automatically, if they agreed to marketing emails?",
     [("tomasz-w", 40,
       "Yes, since 4.20: **Integrations → Mailchimp**. Only clients who ticked the marketing box are sent, "
       "and unsubscribes in Mailchimp flow back to Larkspur daily.", 4)],
     {"up": 6}),
    (33, "Refund for a month we couldn't use because of the outage", ["question", "billing"],
     "nail-bar-leeds", ("2026-09-29", 9),
     "We lost most of a Saturday's bookings in the outage on 26 September. Is there any credit?",
     [("priya-larkspur", 4,
       "Yes. Every affected account got a credit of one week of its plan on the next invoice, automatically. "
       "Our refund practice explains how we handle outages.", 7)],
     {"up": 13}, {"locked": True}),
    (35, "Different opening hours for each location", ["question", "calendar-sync"],
     "brow-lab", ("2026-10-06", 12),
     "We have two shops with different opening hours. Can each location have its own hours and holidays?",
     [("larkspur-support", 5, "Yes, each location has its own hours and closures under Locations → Hours.", 3)],
     {"up": 4}),
    (36, "Can I turn off the 'powered by Larkspur' line in emails?", ["question", "notifications"],
     "kamil-hair", ("2026-10-12", 14),
     "Our clients find it confusing. Is it possible to remove it?",
     [],
     {"up": 8}),
    (38, "Export bookings to our accountant's software (Xero)", ["question", "integrations", "billing"],
     "jon-barber", ("2026-10-19", 10),
     "Is there a Xero integration, or at least a monthly export our accountant can import?",
     [("maria-cuts", 26,
       "We export the monthly *Payments* report as CSV and our accountant imports it into Xero. Works fine.", 4)],
     {"up": 15}),
    (40, "Student's parent gets the reminders, not the student", ["question", "notifications"],
     "greenleaf-tutoring", ("2026-10-27", 16),
     "For under-18 students, can reminders go to a parent's phone as well as the student's?",
     [],
     {"up": 6}),
    (41, "Client notes: who can see them?", ["question", "data"],
     "calm-physio", ("2026-11-03", 11),
     "If I write a note on a client, can the client see it in their booking page or emails?",
     [("tomasz-w", 3,
       "No. Notes are visible only to your staff accounts, never to clients, and are not included in "
       "emails. They are included in the data export (see #9).", 5),
      # A customer cannot accept an answer: this line is ignored.
      ("calm-physio", 4, "Accepted answer: {answer:0}\n\nThanks, that settles it.", 0)],
     {"up": 3}),
    (43, "Apple Calendar / iCloud support?", ["question", "calendar-sync"],
     "sofia-lessons", ("2026-11-09", 19),
     "I use an iPhone and iCloud calendar. Can my bookings show up there?",
     [("kamil-hair", 2,
       "There's an iCal feed under Settings → Calendars → Subscribe link, works with iCloud (read-only).", 3)],
     {"up": 5}),
    (44, "Annual billing discount?", ["question", "billing"],
     "lena-studio", ("2026-11-13", 10),
     "Do you offer a discount if we pay for a year up front?",
     [],
     {"up": 2}),
    (46, "Zapier integration for new bookings", ["question", "integrations"],
     "brow-lab", ("2026-11-17", 15),
     "Is there a Zapier trigger for new bookings and cancellations?",
     [("kasia-dev", 5, "Not yet, as far as I can tell; the webhooks from #11 can do it with a Zapier catch hook.", 2)],
     {"up": 4}),
    (47, "Text reminders in Polish", ["question", "notifications"],
     "kamil-hair", ("2026-11-19", 12),
     "Can reminder texts be sent in Polish to some clients and English to others?",
     [],
     {"up": 3}),
    (48, "Accessibility of the booking widget", ["question", "integrations"],
     "tutor-ben", ("2026-11-20", 9),
     "A student who uses a screen reader says the time slots in the widget are hard to pick. Is "
     "keyboard navigation supported?",
     [],
     {"up": 1}),
    # Closed after the answer: shown with the state "closed".
    (7, "Can I change my account's email address?", ["question", "data"],
     "salon-aurora", ("2026-03-10", 9),
     "I set up the account with my personal email. How do I change it to the salon's?",
     [("larkspur-support", 2, "Settings → Account → Email. We send a confirmation link to the new address.", 3)],
     {"up": 2}, {"state": "closed", "state_reason": "completed", "closed_after": 30}),
    # Not published: each shows up in the build's moderation report with its reason.
    (15, "Please delete my client's data (contains their name)", ["question", "private"],
     "calm-physio", ("2026-05-25", 9), "Private request, handled by email.", [], {"up": 0}),
    (16, "CHEAP FOLLOWERS CLICK HERE", ["question", "spam"],
     "promo-deals-4u", ("2026-05-28", 3), "Visit our site for cheap followers.", [], {"up": 0}),
    (22, "Dark mode for the booking widget", ["enhancement"],
     "lena-studio", ("2026-07-08", 10), "A dark theme for the embedded widget would match our site.", [], {"up": 12}),
    (31, "Does it work on Windows XP?", ["question", "integrations"],
     "old-pc-guy", ("2026-09-18", 10), "Our reception PC runs Windows XP.", [], {"up": 0},
     {"state": "closed", "state_reason": "not_planned", "closed_after": 5}),
]


# Issues staff closed as duplicates ("Duplicate of #N", then Close as duplicate): (number, of, closed day, 👍).
# They are not published; the FAQ counts each as one more time its question was asked.
DUPLICATES = [
    (53, 12, "2026-10-02", 4),
    (54, 12, "2026-10-19", 2),
    (55, 9, "2026-10-24", 1),
    (56, 3, "2026-11-03", 0),
]


def form(proposal: str, options: str, closes: str, decides: str, use: str) -> str:
    """A consultation's body as GitHub renders the issue form (.github/ISSUE_TEMPLATE/consultation.yml)."""
    return (
        f"### What we are considering and why\n\n{proposal}\n\n### The options\n\n{options}\n\n"
        f"### Closing date\n\n{closes}\n\n### Who decides\n\n{decides}\n\n"
        f"### What we will do with the advice\n\n{use}"
    )


DAY = 24
# Consultations: staff ask customers' advice (label "consultation"). Staff post each option as a
# comment starting "Option:" (👍 on it is support) and close with "Outcome:".
CONSULTATIONS = [
    (25, "Replacing phone support with booked callbacks", ["consultation"],
     "priya-larkspur", ("2026-06-10", 9),
     form("Our phone line rings through to whoever is free, so a call at a busy time waits up to 20 minutes, "
          "and an agent on the phone cannot answer chat or email. We are considering replacing the open phone "
          "line with callbacks you book for a time that suits you, within the same support hours.",
          "Keep the open phone line as it is; replace it with booked callbacks; offer both, with shorter phone hours.",
          "2026-07-01", "Priya Natarajan, head of support, with the leadership team.",
          "We will read every comment, publish our decision here with what we changed and what we did not, "
          "and update our support practice."),
     [("priya-larkspur", 0.5, "Option: Keep the open phone line as it is", 4),
      ("priya-larkspur", 0.6, "Option: Replace it with booked callbacks\n\nYou pick a 15-minute slot, "
       "as early as 30 minutes from now; we call you at that time.", 9),
      ("priya-larkspur", 0.7, "Option: Offer both, with the phone line open 10:00 to 14:00 only", 6),
      ("maria-cuts", 2 * DAY, "Callbacks would suit me: I can never hold for 20 minutes with a client in the chair.", 3),
      ("dr-okafor-physio", 3 * DAY, "Please keep some way to call when bookings are down. An outage can't wait "
       "for a slot.", 7),
      ("priya-larkspur", 3 * DAY + 4, "Thank you, that is a fair point. An outage is on our status page within "
       "minutes, and urgent issues would still get a callback within 30 minutes.", 1),
      ("tutor-ben", 9 * DAY, "Booked callbacks, as long as the earliest slot really is soon.", 2),
      ("priya-larkspur", 35 * DAY,
       "Outcome: We are replacing the open phone line with booked callbacks from 1 August.\n\n"
       "Changed the proposal: no\n\n"
       "**Why:** most of you asked for shorter waits, and callbacks let the same people answer chat and "
       "email too. Median waits for a call were 14 minutes in June; a booked callback is on time.\n\n"
       "**What your advice changed:** nothing in the proposal itself, but we wrote down the promise that an "
       "outage gets a callback within 30 minutes, in our support practice.\n\n"
       "**What it did not change, and why:** several of you asked to keep the open line for emergencies. "
       "We did not: an open line means someone waits by it, which is what made the waits long. Outages are "
       "on the status page first.", 5)],
     {"up": 11}, {"state": "closed", "state_reason": "completed", "closed_after": 35 * DAY + 1}),
    (34, "The 2027 price change: what should change, and when?", ["consultation", "billing"],
     "tomasz-w", ("2026-08-24", 10),
     form("Text message costs rose again in 2026 and Outlook sync runs on our own servers. We are considering "
          "raising prices on every plan from 1 January 2027: Starter from £12 to £14 a month, Team from £29 to "
          "£32, Business from £49 to £55.",
          "Raise every plan as above; raise Team and Business only; raise nothing and cut the free SMS allowance.",
          "2026-09-20", "Tomasz Wójcik, who runs billing, and the founders.",
          "We will publish the decision here, and the price change on the pricing page with the notice our rule "
          "requires."),
     [("tomasz-w", 0.5, "Option: Raise every plan, Starter included", 1),
      ("tomasz-w", 0.6, "Option: Raise Team and Business only; Starter stays at £12", 18),
      ("tomasz-w", 0.7, "Option: Raise nothing, and cut the free SMS allowance by half", 2),
      ("sofia-lessons", DAY, "I'm a sole tutor on Starter. Starter doesn't use Outlook sync or much SMS, so "
       "why should it pay for them?", 12),
      ("salon-aurora", 2 * DAY, "We pay yearly. Please don't raise the price in the middle of a year we "
       "already paid for.", 9),
      ("tomasz-w", 2 * DAY + 3, "Fair. We are looking at keeping yearly prices until each renewal.", 3),
      ("brow-lab", 6 * DAY, "Team and Business only. Cutting SMS would hurt more than £3.", 4),
      ("tomasz-w", 35 * DAY,
       "Outcome: From 1 January 2027 Team and Business prices rise; Starter does not change, and yearly "
       "customers keep their price until their next renewal.\n\n"
       "Changed the proposal: yes\n\n"
       "**Why:** the costs that rose are SMS and calendar sync, which Starter barely uses.\n\n"
       "**What your advice changed:** Starter is no longer part of the rise (18 of you supported that), and "
       "no yearly price changes mid-term.\n\n"
       "**What it did not change, and why:** Team and Business still rise on 1 January: the costs are real, "
       "and cutting the SMS allowance instead would cost most of you more.", 6)],
     {"up": 23}, {"state": "closed", "state_reason": "completed", "closed_after": 35 * DAY + 1}),
    (49, "SMS reminder bundles: how should extra text messages be sold?", ["consultation", "notifications"],
     "priya-larkspur", ("2026-11-16", 9),
     form("Some of you send more reminders than your plan includes, and today a text past the limit is "
          "simply not sent. We are considering selling extra text messages, and want to hear how you would "
          "rather pay for them.",
          "Bundles of 500 texts for £10; pay as you go at 2.5p a text; no extras, but a higher allowance on Business.",
          "2027-01-15", "Priya Natarajan, with the product team.",
          "We will publish what we decided and why here by the end of January, and any new price on the "
          "pricing page with the usual notice."),
     [("priya-larkspur", 0.5, "Option: Bundles of 500 texts for £10, valid for 12 months", 8),
      ("priya-larkspur", 0.6, "Option: Pay as you go, 2.5p a text, billed monthly", 5),
      ("priya-larkspur", 0.7, "Option: No extras, but Business includes 2,000 texts a month instead of 1,000", 2),
      ("kamil-hair", DAY, "Bundles. I want to know the cost in advance, not find it on the invoice.", 4),
      ("dr-okafor-physio", 2 * DAY, "Pay as you go: our volume changes a lot with the seasons.", 3),
      ("tutor-ben", 3 * DAY, "Option: free unlimited texts for everyone\n\n(I know, I know.)", 6),
      ("priya-larkspur", 3 * DAY + 2, "Ha, noted! Texts cost us real money per message, so unlimited is not "
       "something we can offer without raising every price. As with #34, we will publish what we decide, and why, "
       "here.", 2)],
     {"up": 14}),
]
# Only in the tests' own hub (tests/hub/): the cases moderation must handle.
FIXTURE_CONSULTATIONS = [
    # Opened by a customer with the label: never published as the company's consultation.
    (60, "Consultation: should Larkspur be free for charities?", ["consultation"],
     "lena-studio", ("2026-10-01", 9),
     form("I think charities should not pay.", "Free; half price.", "2026-12-01", "Larkspur", "Publish it."),
     [("lena-studio", 1, "Option: Free for charities", 3)], {"up": 2}),
    # A closing date that does not exist: published open with no deadline, and reported;
    # a customer's "Option:" and "Outcome:" are advice, not an option or a decision.
    (61, "Opening hours of the support chat at weekends", ["consultation"],
     "larkspur-support", ("2026-11-10", 9),
     form("We are considering staffing the chat on Saturdays.", "Saturdays; no change.", "2026-02-30",
          "The support team.", "Publish the decision here."),
     [("larkspur-support", 0.5, "Option: Saturdays, 9:00 to 13:00", 3),
      ("salon-aurora", DAY, "Option: Sundays too", 9),
      ("salon-aurora", DAY + 1, "Outcome: Decided, chat opens every weekend.\n\nChanged the proposal: yes", 1)],
     {"up": 1}),
    # Closed on its date with no outcome yet: a decision owed.
    (62, "Retiring the version 1 booking widget", ["consultation", "integrations"],
     "tomasz-w", ("2026-10-05", 9),
     form("The version 1 widget cannot meet current accessibility standards.", "Retire it in March; retire it "
          "in June.", "2026-11-02", "Tomasz Wójcik.", "Publish the decision and the date here."),
     [("tomasz-w", 0.5, "Option: Retire it on 1 March 2027", 2),
      ("tomasz-w", 0.6, "Option: Retire it on 1 June 2027", 5),
      ("brow-lab", 2 * DAY, "June, please: we need time to redo our site.", 1)],
     {"up": 3}),
]


def build(threads: list[tuple] | None = None) -> snapshot.Snapshot:
    questions = []
    comment_id = COMMENT_ID
    for thread in threads if threads is not None else THREADS + CONSULTATIONS:
        number, title, labels, asker, (day, hour), body, comments, counts, *rest = thread
        extra = rest[0] if rest else {}
        asked = at(day, hour)
        made = []
        first_id = comment_id
        for login, after, text, up in comments:
            text = re.sub(r"\{answer:(\d+)\}", lambda m: f"{BASE}/{number}#issuecomment-{first_id + int(m.group(1))}", text)
            created = asked + timedelta(hours=after)
            made.append(snapshot.Comment(
                id=comment_id,
                author=snapshot.Author(**who(login)),
                body=text,
                created_at=snapshot.format_time(created),
                updated_at=snapshot.format_time(created),
                html_url=f"{BASE}/{number}#issuecomment-{comment_id}",
                reactions=reactions(up),
            ))
            comment_id += 1
        closed_after = extra.get("closed_after")
        closed_at = asked + timedelta(hours=closed_after) if closed_after else None
        updated = max([asked, *(snapshot.parse_time(c.created_at) for c in made), *([closed_at] if closed_at else [])])
        questions.append(snapshot.Question(
            number=number,
            title=title,
            body=body,
            state=extra.get("state", "open"),
            state_reason=extra.get("state_reason"),
            labels=tuple(labels),
            locked=extra.get("locked", False),
            author=snapshot.Author(**who(asker)),
            created_at=snapshot.format_time(asked),
            updated_at=snapshot.format_time(updated),
            closed_at=snapshot.format_time(closed_at) if closed_at else None,
            html_url=f"{BASE}/{number}",
            reactions=reactions(**counts),
            comments=tuple(made),
        ))
    duplicates = tuple(
        snapshot.Duplicate(
            number=number,
            of=of,
            marked_by=snapshot.Author(**who("priya-larkspur")),
            closed_at=snapshot.format_time(at(day, 11)),
            html_url=f"{BASE}/{number}",
            reactions=reactions(up),
        )
        for number, of, day, up in DUPLICATES
    )
    return snapshot.Snapshot(
        repo=REPO,
        api_url="https://api.github.com",
        synced_at="2026-11-21T06:00:00Z",
        questions=tuple(questions),
        cursor={},
        duplicates=duplicates,
    )


def main() -> int:
    # The demo, and the tests' own hub: the same threads, plus the cases only tests need.
    for target, threads in (
        (ROOT / "data" / "questions.json", THREADS + CONSULTATIONS),
        (ROOT / "tests" / "hub" / "data" / "questions.json", THREADS + CONSULTATIONS + FIXTURE_CONSULTATIONS),
    ):
        text = snapshot.dumps(build(threads))
        # Round-trip through the reader: the demo must be a snapshot the build accepts.
        snapshot.from_dict(json.loads(text), str(target))
        changed = snapshot.write_atomic(target, text)
        print(f"{target.relative_to(ROOT)}: {'written' if changed else 'unchanged'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
