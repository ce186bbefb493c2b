-- The order in which read-model lists are answered and paged (first/after): subject ids compared
-- byte by byte, whatever the database's collation. These indexes let a page read only its rows.

CREATE INDEX rm_ceasefires_id_order ON rm_ceasefires (id COLLATE "C");
CREATE INDEX rm_pledges_id_order ON rm_pledges (id COLLATE "C");
CREATE INDEX rm_agreements_id_order ON rm_agreements (id COLLATE "C");
CREATE INDEX rm_claims_id_order ON rm_claims (id COLLATE "C");
