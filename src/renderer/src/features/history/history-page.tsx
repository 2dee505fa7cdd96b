/** Every apply, revert, backup and delete will be recorded here. */
export function HistoryPage() {
  return (
    <section className="page">
      <h1>History</h1>
      <p className="empty">Nothing has been sent to any account yet.</p>
    </section>
  );
}
