-- Document lists read the narrow facet rows newest first; this index makes "latest N" a short backward scan.
CREATE INDEX `search_facets_date_idx` ON `search_facets` (`date`, `document_id`);
