"""State machines, declared and run one way: a record's workflow is a `Machine` of `Move`s, each with
the states it may be taken from, where each of its results leads, and the permission it needs (who
may make it, decided by `parentpartner.access`).

    REVIEW = Machine(
        [Move("approve", "Approve", sources=(SUBMITTED,), results={"done": APPROVED}, permission="form.review")],
        state="status",
    )
    REVIEW.check(form, REVIEW["approve"], user)   # raises the refusal, or returns
    REVIEW["approve"].leads_to()                  # APPROVED

A machine may word its own refusals (`refuse`: why a move is not possible from the record's state),
so that each workflow says what its users need to hear; the permission check and the lookup of moves
are the same for all. `parentpartner.viewmixins.StepView` is the one page that takes a move.
"""

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from parentpartner.access import has_permission

ANOTHER_ROLES = "This step is another role's."


@dataclass(frozen=True)
class Move:
    """One move of a workflow. `results` maps each result the user may choose to what it leads to
    (a state, or whatever the workflow needs: a state and an outcome); a move without a choice has
    one result, "done". `options` holds a workflow's own facts about the move (a date it asks for)."""

    slug: str
    label: str
    sources: tuple[Any, ...]
    results: Mapping[str, Any]
    permission: str | None = None
    signed: bool = False
    options: Mapping[str, Any] = field(default_factory=dict)

    @property
    def has_choice(self) -> bool:
        return len(self.results) > 1

    def leads_to(self, result: str = "done") -> Any:
        """Where `result` leads; `ValidationError` on the result field for a result the move has not."""
        if result not in self.results:
            raise ValidationError({"result": "Choose a result."})
        return self.results[result]


class Machine:
    """The moves of one workflow, looked up by slug, with who may make each and from which states."""

    def __init__(
        self,
        moves: Iterable[Move],
        *,
        state: str,
        refuse: Callable[[Any, Move], str | None] | None = None,
    ) -> None:
        self.moves = {move.slug: move for move in moves}
        self.state = state
        self._refuse = refuse

    def __getitem__(self, slug: str) -> Move:
        return self.moves[slug]

    def __iter__(self) -> Iterator[Move]:
        return iter(self.moves.values())

    def __contains__(self, slug: object) -> bool:
        return slug in self.moves

    def get(self, slug: str) -> Move | None:
        return self.moves.get(slug)

    def refusal(self, obj: Any, move: Move, user: Any = None) -> str | None:
        """Why `move` cannot be made on `obj` now (by `user`, when given), or None."""
        reason = self._refuse(obj, move) if self._refuse else self._not_from_here(obj, move)
        if reason:
            return reason
        if user is not None and move.permission and not has_permission(user, move.permission):
            return ANOTHER_ROLES
        return None

    def _not_from_here(self, obj: Any, move: Move) -> str | None:
        if getattr(obj, self.state) in move.sources:
            return None
        display = getattr(obj, f"get_{self.state}_display", None)
        now = display() if display else getattr(obj, self.state)
        return f"{move.label} is not possible now: this is {str(now).lower()}."

    def available(self, obj: Any, user: Any = None) -> list[Move]:
        """The moves `obj`'s state allows, those `user` may make when a user is given."""
        return [move for move in self if self.refusal(obj, move, user) is None]

    def check(self, obj: Any, move: Move, user: Any = None) -> None:
        """Raise the refusal (code "order") when `move` cannot be made now."""
        if reason := self.refusal(obj, move, user):
            raise ValidationError(reason, code="order")
