-- A tunnel's insideCidr was stored and shown but never used by a gateway: route-based tunnels (a
-- tunnel interface numbered from it, routes choosing the tunnel) are not offered, so the field
-- leaves the API and its column goes.
alter table tunnel drop column inside_cidr;
