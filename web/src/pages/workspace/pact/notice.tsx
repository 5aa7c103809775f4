import { useEffect, useRef, type ReactNode } from 'react';

/**
 * A success message that takes the focus, so that after a form is sent a screen reader hears the
 * outcome and a keyboard user continues from it. Key it by submission to announce each one afresh.
 */
export function SuccessNotice({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="alert alert--success" role="status" tabIndex={-1} ref={ref}>
      {children}
    </div>
  );
}
