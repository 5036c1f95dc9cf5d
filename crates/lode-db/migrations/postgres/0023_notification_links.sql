-- A step taken on a document settles the notices still unread about it (they asked someone to
-- act, and someone has): found by the document's link.
CREATE INDEX notifications_unread_link ON notifications(link) WHERE read_at IS NULL;
