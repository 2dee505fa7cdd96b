/** Imported lists. Import (CSV/TSV, mapping, validation) is the next capability to land. */
export function ListsPage() {
  return (
    <section className="page">
      <h1>Lists</h1>
      <p className="empty" data-testid="lists-empty">
        No lists yet. Importing spreadsheets (CSV, TSV, semicolon) arrives in the next release;
        meanwhile you can export an account from the Account page.
      </p>
    </section>
  );
}
