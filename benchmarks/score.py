"""How long scoring takes for a large organisation, and how much memory it needs.

    .venv/bin/python benchmarks/score.py                   # 1,000 people, 12 weeks
    .venv/bin/python benchmarks/score.py --people 3000 --source synthetic

With ``--source samples`` (the default when the sample generator is installed) it writes the
sample organisation's exports to a temporary folder and loads them, so load time is the real
ingest time. With ``--source synthetic`` it builds the canonical tables directly (about 100,000
attendance rows and 1,000,000 message rows for 1,000 people over 12 weeks).

Scoring is timed cold: each run gets fresh copies of the tables and empty memos, so nothing
cached from an earlier run helps. Elapsed and processor time are both given: on a busy shared machine the processor time
is the fairer measure of the code. The target is 1 second for 1,000 people over 12 weeks.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from diagnostic.dataset import TZ, Dataset, conform  # noqa: E402
from diagnostic.memo import forget_all  # noqa: E402
from diagnostic.scorecard import build_scorecard  # noqa: E402
from diagnostic.settings import Settings  # noqa: E402

TARGET_SECONDS = 1.0
TEAM_SIZE = 12
PARTNERS = 60
FIRST_MONDAY = "2025-01-06"
MESSAGES_PER_DAY = 7


def synthetic(people: int, weeks: int, seed: int = 7) -> Dataset:
    """Canonical tables for an organisation of ``people`` over ``weeks``, built with numpy."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"p{i:05d}" for i in range(people)])
    team_of = np.arange(people) // TEAM_SIZE
    is_manager = np.arange(people) % TEAM_SIZE == 0
    boss = ids[team_of * TEAM_SIZE]
    heads = ids[is_manager][: max(1, is_manager.sum() // 8)]
    manager_id = np.where(is_manager, heads[team_of % len(heads)], boss)
    manager_id = np.where(np.isin(ids, heads), None, manager_id)
    partner_ids = np.array([f"x{i:03d}" for i in range(PARTNERS)])
    roster = pd.DataFrame(
        {
            "person_id": np.concatenate([ids, partner_ids]),
            "team": np.concatenate([[f"Team {t:03d}" for t in team_of], [None] * PARTNERS]),
            "is_manager": np.concatenate([is_manager, [None] * PARTNERS]),
            "manager_id": np.concatenate([manager_id, [None] * PARTNERS]),
            "is_practitioner": np.concatenate([~is_manager, [None] * PARTNERS]),
            "organisation": np.concatenate([["internal"] * people, rng.choice(["Health", "Police", "Schools"], PARTNERS)]),
            "domain": np.concatenate([["northbridge.gov.uk"] * people, ["northbridge.nhs.example"] * PARTNERS]),
        }
    )
    first = pd.Timestamp(FIRST_MONDAY, tz=TZ)
    days = np.array([d for d in range(weeks * 7) if d % 7 < 5])

    # meetings: every person organises about 1.6 a week with 1-5 colleagues, a few partners
    n_meetings = int(people * weeks * 1.6)
    organiser = rng.integers(0, people, n_meetings)
    extra = rng.choice([1, 1, 2, 2, 3, 4, 5, 9, 12], n_meetings)
    start = (
        first
        + pd.to_timedelta(rng.choice(days, n_meetings), unit="D")
        + pd.to_timedelta(rng.choice(np.arange(16, 38), n_meetings) * 30, unit="m")
    )
    minutes = rng.choice([30, 30, 45, 60, 60, 90, 120], n_meetings)
    meeting_ids = np.array([f"m{i:07d}" for i in range(n_meetings)])
    meetings = pd.DataFrame(
        {
            "meeting_id": meeting_ids,
            "start": start,
            "end": start + pd.to_timedelta(minutes, unit="m"),
            "organiser_id": ids[organiser],
            "is_recurring": rng.random(n_meetings) < 0.3,
            "invitees": extra + 1,
            "kind": rng.choice(["supervision", "team_meeting", "case", "panel", "other"], n_meetings),
            "direct_work": rng.random(n_meetings) < 0.15,
            "all_day": False,
        }
    )
    rep = np.repeat(np.arange(n_meetings), extra)
    offsets = rng.integers(-TEAM_SIZE, TEAM_SIZE, len(rep))
    guests = np.clip(organiser[rep] + offsets, 0, people - 1)
    att_person = np.concatenate([ids[organiser], ids[guests]])
    att_meeting = np.concatenate([meeting_ids, meeting_ids[rep]])
    partner_rows = rng.random(n_meetings) < 0.08
    att_person = np.concatenate([att_person, rng.choice(partner_ids, partner_rows.sum())])
    att_meeting = np.concatenate([att_meeting, meeting_ids[partner_rows]])
    attendance = pd.DataFrame({"meeting_id": att_meeting, "person_id": att_person, "role": "required"})

    # messages: 7 sent per working day per person, 1-6 recipients each (about 1M rows for 1,000 x 12)
    n_msgs = people * len(days) * MESSAGES_PER_DAY
    sender = rng.integers(0, people, n_msgs)
    k = rng.choice([1, 1, 1, 2, 2, 3, 4, 6], n_msgs)
    sent = first + pd.to_timedelta(rng.choice(days, n_msgs), unit="D") + pd.to_timedelta(rng.integers(7 * 60, 21 * 60, n_msgs), unit="m")
    rep = np.repeat(np.arange(n_msgs), k)
    recipient = np.clip(sender[rep] + rng.integers(-30, 30, len(rep)), 0, people - 1)
    messages = pd.DataFrame(
        {
            "sent_at": sent[rep],
            "sender_id": ids[sender[rep]],
            "recipient_id": ids[recipient],
            "recipient_type": np.where(rng.random(len(rep)) < 0.25, "cc", "to"),
            "n_recipients": k[rep],
            "message_id": np.char.add("e", np.arange(n_msgs).astype(str))[rep],
        }
    )

    n_audits = people
    audits = pd.DataFrame(
        {
            "audit_id": [f"a{i}" for i in range(n_audits)],
            "date": first - pd.Timedelta(weeks=40) + pd.to_timedelta(rng.integers(0, (40 + weeks) * 7, n_audits), unit="D"),
            "team": [f"Team {t:03d}" for t in rng.integers(0, team_of.max() + 1, n_audits)],
            "focus": rng.choice(["practice", "compliance"], n_audits),
            "child_voice": rng.random(n_audits) < 0.7,
            "family_involved": rng.random(n_audits) < 0.2,
            "practitioner_involved": rng.random(n_audits) < 0.6,
            "actions_set": rng.integers(0, 8, n_audits),
            "actions_done": rng.integers(0, 6, n_audits),
        }
    )
    n_items = people // 2
    received = first - pd.Timedelta(weeks=26) + pd.to_timedelta(rng.integers(0, (26 + weeks) * 7, n_items), unit="D")
    answered = rng.random(n_items) < 0.9
    responded = pd.Series(received + pd.to_timedelta(rng.integers(1, 40, n_items), unit="D")).where(answered)
    kind = rng.choice(["complaint", "compliment", "survey", "suggestion"], n_items)
    action = rng.random(n_items) < 0.5
    feedback = pd.DataFrame(
        {
            "feedback_id": [f"f{i}" for i in range(n_items)],
            "received": received,
            "source": rng.choice(["child", "parent_carer", "staff", "partner"], n_items),
            "kind": kind,
            "stage": np.where(kind == "complaint", 1, None),
            "team": [f"Team {t:03d}" for t in rng.integers(0, team_of.max() + 1, n_items)],
            "responded": responded,
            "outcome": np.where(kind == "complaint", rng.choice(["upheld", "partly_upheld", "not_upheld"], n_items), None),
            "action_taken": action,
            "closed_loop": action & (rng.random(n_items) < 0.5),
        }
    )
    return Dataset(
        people=conform("people", roster),
        meetings=conform("meetings", meetings),
        attendance=conform("attendance", attendance),
        messages=conform("messages", messages),
        audits=conform("audits", audits),
        feedback=conform("feedback", feedback),
    )


def from_samples(people: int, weeks: int, settings: Settings) -> Dataset:
    """Write the sample organisation's exports and load them back, as a user would."""
    from diagnostic.ingest import load_paths
    from diagnostic.samples import write_sample

    with tempfile.TemporaryDirectory() as tmp:
        write_sample(Path(tmp), people=people, weeks=weeks)
        dataset, _ = load_paths([Path(tmp)], settings)
    return dataset


def fresh(dataset: Dataset) -> Dataset:
    """The same data in new frame objects, with every memo emptied, so nothing worked out before can help.

    New objects defeat the caches keyed on table identity; emptying the memos also defeats those
    keyed on content (a network with the same ties carries its betweenness over).
    """
    forget_all()
    tables = {name: frame.copy() for name, frame in vars(dataset).items() if isinstance(frame, pd.DataFrame)}
    return dataset.with_tables(**tables)


def time_by_domain(dataset: Dataset, settings: Settings) -> dict[str, float]:
    """Cold processor seconds per domain (on fresh tables; a shared base table counts where it is first built)."""
    from diagnostic.indicators import REGISTRY

    cold = fresh(dataset)
    out: dict[str, float] = {}
    for ind in REGISTRY:
        t0 = time.process_time()
        build_scorecard(cold, settings, (ind,))
        out[ind.domain] = out.get(ind.domain, 0.0) + time.process_time() - t0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=12)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--source", choices=("auto", "samples", "synthetic"), default="auto")
    args = parser.parse_args(argv)
    settings = Settings(salt="benchmark")

    source = args.source
    if source == "auto":
        try:
            from diagnostic.samples import write_sample  # noqa: F401

            source = "samples"
        except ImportError:
            source = "synthetic"
    t0 = time.perf_counter()
    dataset = from_samples(args.people, args.weeks, settings) if source == "samples" else synthetic(args.people, args.weeks)
    load_s = time.perf_counter() - t0
    rows = dataset.present()

    times, cpu = [], []
    for _ in range(args.runs):
        cold = fresh(dataset)
        t0, c0 = time.perf_counter(), time.process_time()
        card = build_scorecard(cold, settings)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    cold = fresh(dataset)
    tracemalloc.start()  # a separate run: tracing slows allocation-heavy code many times over
    build_scorecard(cold, settings)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    domains = time_by_domain(dataset, settings)
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"organisation: {args.people:,} people, {args.weeks} weeks ({source})")
    print("tables: " + ", ".join(f"{name} {n:,} rows" for name, n in rows.items()))
    print(f"load: {load_s:.2f} s")
    print(
        f"scoring (cold, {args.runs} runs): median {statistics.median(times):.3f} s elapsed, "
        f"{statistics.median(cpu):.3f} s of processor time (target {TARGET_SECONDS:.1f} s)"
    )
    print("processor time by domain: " + ", ".join(f"{d} {s:.3f} s" for d, s in domains.items()))
    print(f"computed: {sum(r.measurement.computed for r in card.results)} of {len(card.results)} indicators; {card.coverage_line()}")
    print(f"peak memory: process {peak_rss_mb:,.0f} MB; allocated while scoring {traced_peak / 2**20:,.0f} MB")
    return 0 if statistics.median(cpu) <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
