-- What one incremental table's copy holds in an id range (from, to]: ids copied, an order-independent fingerprint of
-- them (sum of their hashes; part of the range INSERT's deduplication token) and ids quarantined. Counted before and
-- after a backfill range's copy. Rendered: target, rejected (tables), id. Parameters: id_from, id_to Int64.
SELECT
  toString(count()) AS rows,
  toString(sum(cityHash64({{id}}))) AS ids_hash,
  (SELECT toString(uniqExact(id)) FROM {{rejected}} WHERE id > {id_from:Int64} AND id <= {id_to:Int64}) AS rejected
FROM {{target}}
WHERE {{id}} > {id_from:Int64} AND {{id}} <= {id_to:Int64}
