-- Warehouses (kho) of in-kind goods: the province's and one per district,
-- more can be added. Stock itself is in the ledger: one stock account per
-- fund, warehouse and item (1150.WAREHOUSE.ITEM), whose quantity balance is
-- the stock and whose đồng balance is its value.

CREATE TABLE warehouses (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    district_code  TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX warehouses_district ON warehouses (district_code);

-- The warehouse an in-kind donation was received into.
ALTER TABLE donations ADD COLUMN warehouse_code TEXT NOT NULL DEFAULT '';
