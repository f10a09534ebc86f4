"""Moving a row up or down among its siblings (menu sections, pages, downloads)."""

UP = "up"
DOWN = "down"


def move(siblings, item, direction):
    """Swap ``item`` with its neighbour in ``siblings`` (already in display order).

    Positions are renumbered 0, 1, 2… first, so rows created with equal positions (or
    left with gaps by deletions) still move one step at a time. Return True if it moved.
    """
    siblings = list(siblings)
    index = siblings.index(item)
    target = index - 1 if direction == UP else index + 1
    if direction not in (UP, DOWN) or not 0 <= target < len(siblings):
        return False
    siblings[index], siblings[target] = siblings[target], siblings[index]
    for position, sibling in enumerate(siblings):
        sibling.position = position
    return True


def next_position(positions):
    """The position after the last one (0 for the first row)."""
    return max(positions, default=-1) + 1
