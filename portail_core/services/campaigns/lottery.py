"""The lottery: rank the requests by the campaign's priorities, ties by a seeded draw.

The seed is drawn once and recorded with the campaign; so are each request's priority
matches and draw. :func:`replay` recomputes the ranking from those records alone and
tells whether it is the one stored: anyone may check the draw afterwards.
"""

import random
import secrets
from dataclasses import dataclass

from sqlalchemy import select, update

from portail_core.i18n import _
from portail_core.models.campaigns import WAITING, CampaignRequest
from portail_core.services.campaigns.errors import CampaignError
from portail_core.services.campaigns.priorities import chosen, load_facts


def draw_positions(seed, request_ids):
    """``{request id: position}``: the requests' ids, sorted, shuffled by ``seed``."""
    ordered = sorted(request_ids)
    random.Random(seed).shuffle(ordered)  # noqa: S311 - a replayable draw, not a secret
    return {request_id: index for index, request_id in enumerate(ordered)}


def ranking(rows):
    """Request ids in rank order from ``(id, matches, draw)``: the first priority first,
    then the second…, the draw last."""
    key = lambda row: ([flag != "1" for flag in row[1]], row[2])  # noqa: E731
    return [row[0] for row in sorted(rows, key=key)]


@dataclass(frozen=True)
class Verification:
    """The outcome of a replay: ``ok`` when the stored ranking is the recomputed one."""

    ok: bool
    checked: int
    differences: list


def replay(dbsession, tenant, campaign):
    """Recompute the draw from the recorded seed and matches; compare with the stored ranks."""
    rows = dbsession.execute(
        select(
            CampaignRequest.id,
            CampaignRequest.matches,
            CampaignRequest.draw,
            CampaignRequest.drawn_rank,
        ).where(
            CampaignRequest.tenant_id == tenant.id,
            CampaignRequest.campaign_id == campaign.id,
            CampaignRequest.drawn_rank.is_not(None),
        )
    ).all()
    positions = draw_positions(campaign.seed, [row.id for row in rows])
    differences = [row.id for row in rows if positions[row.id] != row.draw]
    order = ranking([(row.id, row.matches, positions[row.id]) for row in rows])
    stored = {row.id: row.drawn_rank for row in rows}
    differences += [rid for rank, rid in enumerate(order, 1) if stored[rid] != rank]
    return Verification(not differences, len(rows), sorted(set(differences)))


class Lottery:
    """Draws a lottery campaign and adjusts its ranking."""

    def __init__(self, dbsession, tenant):
        self.dbsession = dbsession
        self.tenant = tenant

    def draw(self, campaign, now, seed=None):
        """Rank every request once the window closed; records the seed. Returns the count."""
        if campaign.seed is not None:
            raise CampaignError(_("Le tirage au sort de cette campagne a déjà eu lieu."))
        if now < campaign.closes_at:
            raise CampaignError(_("Le tirage au sort se fait après la clôture des demandes."))
        priorities = chosen(self.tenant, campaign)
        facts = load_facts(self.dbsession, self.tenant, campaign, now.date())
        campaign.seed = seed or secrets.token_hex(16)
        campaign.priorities = ",".join(priority.code for priority in priorities)
        campaign.drawn_at = now
        matches = {
            request_id: "".join("1" if p.applies(fact) else "0" for p in priorities)
            for request_id, fact in facts.items()
        }
        positions = draw_positions(campaign.seed, list(facts))
        order = ranking([(rid, matches[rid], positions[rid]) for rid in facts])
        values = [
            {
                "id": rid,
                "matches": matches[rid],
                "draw": positions[rid],
                "drawn_rank": rank,
                "rank": rank,
                "state": WAITING,
            }
            for rank, rid in enumerate(order, 1)
        ]
        if values:
            self.dbsession.execute(update(CampaignRequest), values)
        return len(values)

    def adjust(self, campaign, request_id, new_rank, reason, agent, now):
        """Move one request to ``new_rank`` with the agent's written reason (kept on the row)."""
        if campaign.seed is None or campaign.published_at is not None:
            raise CampaignError(
                _("Le classement ne peut être ajusté qu'entre le tirage et la publication.")
            )
        reason = (reason or "").strip()
        if not reason:
            raise CampaignError(_("Écrivez le motif de l'ajustement."))
        order = list(
            self.dbsession.scalars(
                select(CampaignRequest)
                .where(
                    CampaignRequest.tenant_id == self.tenant.id,
                    CampaignRequest.campaign_id == campaign.id,
                    CampaignRequest.rank.is_not(None),
                )
                .order_by(CampaignRequest.rank)
            )
        )
        moved = next((row for row in order if row.id == request_id), None)
        if moved is None:
            raise CampaignError(_("Cette demande n'est pas dans le classement."))
        if not 1 <= new_rank <= len(order):
            raise CampaignError(
                _("Choisissez un rang entre 1 et ${last}.", mapping={"last": len(order)})
            )
        old_rank = moved.rank
        order.remove(moved)
        order.insert(new_rank - 1, moved)
        for rank, row in enumerate(order, 1):
            row.rank = rank
        moved.adjusted_from = old_rank
        moved.adjusted_reason = reason[:500]
        moved.adjusted_by_id = agent.id
        moved.adjusted_at = now
        return moved
