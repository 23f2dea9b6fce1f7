-- The controllers working on this database and their worker slots, so that a question plans for the whole
-- cluster's capacity (several machines on one PostgreSQL), not one node's. A row not seen for a while belongs
-- to a controller that died.
CREATE TABLE controller_node (
    name    VARCHAR(200)             NOT NULL PRIMARY KEY,
    slots   INTEGER                  NOT NULL,
    seen_at TIMESTAMP WITH TIME ZONE NOT NULL
);
