import { useState } from 'react';
import { DeliveryLog } from './DeliveryLog';

/** A webhook's delivery log, shown on demand (it polls while shown). */
export function DeliveriesToggle({ webhookId }: { webhookId: number }) {
  const [shown, setShown] = useState(false);
  const id = `webhook-${webhookId}-deliveries`;
  return (
    <>
      <button
        type="button"
        className="button-link"
        aria-expanded={shown}
        aria-controls={id}
        onClick={() => setShown((was) => !was)}
      >
        {shown ? 'Hide deliveries' : 'Show deliveries'}
      </button>
      <div id={id}>{shown && <DeliveryLog webhookId={webhookId} />}</div>
    </>
  );
}
