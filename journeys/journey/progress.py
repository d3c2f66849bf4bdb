"""What one device has read and checked, and what everyone's answers add up to.

A device's progress lives in its session only (`session.PROGRESS`): the stages it read
to the last step, the stages whose check it finished, and its latest answer to each
check question. Nothing of it reaches the database. The only thing written there is
`CheckTally`: per question, how many devices answered it and how many got it wrong the
first time, two counters incremented with F() so that concurrent answers all count.
"""

from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F

from journeys.content.models.tallies import CheckTally
from journeys.journey import session as keys


@dataclass
class Progress:
    read: set = field(default_factory=set)
    checked: set = field(default_factory=set)
    answers: dict = field(default_factory=dict)  # question pk -> answer number

    def answer(self, question):
        return self.answers.get(question.pk)


def progress_of(session):
    raw = session.get(keys.PROGRESS) or {}
    answers = {}
    for pk, answer in (raw.get("answers") or {}).items():
        if str(pk).isdecimal() and isinstance(answer, int):
            answers[int(pk)] = answer
    return Progress(set(raw.get("read") or ()), set(raw.get("checked") or ()), answers)


def _save(session, progress):
    session[keys.PROGRESS] = {
        "read": sorted(progress.read),
        "checked": sorted(progress.checked),
        "answers": {str(pk): n for pk, n in sorted(progress.answers.items())},
    }


def progress_mark_read(*, session, stage_slug):
    """The device reached the end of a stage. Writes the session only the first time."""
    progress = progress_of(session)
    if stage_slug not in progress.read:
        progress.read.add(stage_slug)
        _save(session, progress)


def check_answers_record(*, session, stage, questions, answers):
    """Keep this device's answers ({question: answer number}) and count first answers.

    A question this device never answered before adds one to its tally's `answered`,
    and to `first_wrong` when the answer is wrong; later answers change only the
    session. The stage counts as checked once every question has an answer.
    """
    progress = progress_of(session)
    for question, answer in answers.items():
        if question.pk not in progress.answers:
            tally_count(question=question, wrong=answer != question.correct)
        progress.answers[question.pk] = answer
    if all(q.pk in progress.answers for q in questions):
        progress.checked.add(stage.slug)
    _save(session, progress)
    return progress


def tally_count(*, question, wrong):
    """Add one first answer to the question's counters, atomically, in the database."""
    changes = {"answered": F("answered") + 1}
    if wrong:
        changes["first_wrong"] = F("first_wrong") + 1
    if CheckTally.objects.filter(question_id=question.pk).update(**changes):
        return
    try:
        with transaction.atomic():
            CheckTally.objects.create(question_id=question.pk)
    except IntegrityError:
        pass  # another request made it first; the update below counts ours
    CheckTally.objects.filter(question_id=question.pk).update(**changes)
