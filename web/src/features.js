// Server routes that are added over time: the pages offer a button only when the route is in
// docs/openapi.yaml. Flip an entry when its route lands.
export const FEATURES = {
  // GET /api/v1/children/export.xlsx and /export.csv (the list's filters)
  childExport: true,
  // POST /api/v1/children/import (the ledger import page, /children/import)
  childImport: true,
  // GET /api/v1/children/{id}/print.pdf
  childPrint: true,
}
