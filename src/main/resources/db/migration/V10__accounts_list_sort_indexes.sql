-- The accounts list sorts on the server with a keyset (sort key, id). Review state changes rarely,
-- so it gets an index. Balance, owed and the last charge result change on every payday: an index on
-- them would make those updates non-HOT (see V3's fillfactor), so those sorts read with a top-N sort.
create index participant_review_id_idx on participant (review, id);
