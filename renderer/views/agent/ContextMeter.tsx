/** Tokens of the last request against the model's window. */
export function ContextMeter({ used, window }: { used: number; window: number }) {
  const ratio = window > 0 ? Math.min(1, used / window) : 0;
  const label = `${used.toLocaleString()} of ${window.toLocaleString()} tokens`;
  return (
    <div className="context-meter" title={label}>
      <div
        role="meter"
        aria-label="Context"
        aria-valuemin={0}
        aria-valuemax={window}
        aria-valuenow={used}
        aria-valuetext={label}
        className={`meter-bar${ratio > 0.8 ? ' meter-high' : ''}`}
      >
        <div className="meter-fill" style={{ width: `${ratio * 100}%` }} />
      </div>
      <span className="meter-text">{window ? `${Math.round(ratio * 100)}% · ${label}` : label}</span>
    </div>
  );
}
