/** An expected error, shown inline where it happened. */
export function ErrorMessage({ message, testId }: { message: string | null; testId?: string }) {
  if (!message) return null;
  return (
    <p className="error" role="alert" data-testid={testId}>
      {message}
    </p>
  );
}
