import enum


class Tier(str, enum.Enum):
    FREE = "free"
    GOLD = "gold"
    PLATINUM = "platinum"


class State(enum.Enum):
    OPEN = 1
    PAID = 2
    SHIPPED = 3
