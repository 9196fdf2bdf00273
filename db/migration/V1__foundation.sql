-- The schema lives only here (Flyway, PostgreSQL dialect).
-- V1 lays the tenant hierarchy; later migrations add the API's resources.
CREATE TABLE tenant (
    id          uuid PRIMARY KEY,
    parent_id   uuid REFERENCES tenant (id),
    name        text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
