"""Hand-made rows shared by the report tests."""

# Drivers are given explicitly: the report never assumes the shipped list.
DRIVERS = ["transfers", "repeat_contacts", "never"]

# ces, drivers, comment, date, channel
ROWS = [
    (7, "transfers;repeat_contacts", "passed around and called again", "2025-01-05", "phone"),
    (6, "transfers", "transferred", "2025-01-20", "phone"),
    (6, "repeat_contacts", "third call", "2025-03-02", "chat"),
    (5, "", "meh", "2025-03-03", "chat"),
    (4, "transfers", "bounced around", "2025-03-10", "phone"),
    (3, "", "ok", "2025-03-11", "email"),
    (2, "", "fine", "2025-03-12", "email"),
    (1, "", "great", "2025-03-30", "phone"),
    (7, "", "", "2025-01-06", "phone"),
    (2, "", "   ", "2025-03-31", "chat"),
]
