import { describe, expect, it } from 'vitest';
import type { Delivery, Webhook } from '../api/client';
import { lastOutcome } from './DeliveryLog';
import {
  createBody,
  describeEvents,
  EVENT_TYPES,
  NEW_WEBHOOK,
  subscription,
  updateBody,
  valuesOf,
} from './webhook-form';

const hook: Webhook = {
  id: 4,
  url: 'https://hooks.example.com/events',
  events: ['registration.created', 'event.cancelled'],
  description: 'CRM sync',
  active: true,
  disabledReason: null,
  createdAt: '2027-01-01T10:00:00.000Z',
};

describe('the webhook form', () => {
  it('offers the contract’s 14 event types', () => {
    expect(EVENT_TYPES.map(([type]) => type)).toHaveLength(14);
    expect(new Set(EVENT_TYPES.map(([type]) => type)).size).toBe(14);
  });

  it('sends ["*"] for all events, else the chosen types in the contract’s order', () => {
    expect(subscription(NEW_WEBHOOK)).toEqual(['*']);
    expect(
      subscription({ ...NEW_WEBHOOK, all: false, events: ['checkin.created', 'event.created'] }),
    ).toEqual(['event.created', 'checkin.created']);
    // None chosen is sent as it is: the API's 400 on `events` says what is wrong.
    expect(subscription({ ...NEW_WEBHOOK, all: false, events: [] })).toEqual([]);
  });

  it('trims the url and turns an empty description into null', () => {
    expect(createBody({ ...NEW_WEBHOOK, url: ' https://x.example/h ', description: '  ' })).toEqual(
      { url: 'https://x.example/h', events: ['*'], description: null },
    );
  });

  it('an edit sends only what changed', () => {
    const values = valuesOf(hook);
    expect(values.all).toBe(false);
    expect(updateBody(hook, values)).toEqual({});
    // The same types in another order are no change.
    expect(updateBody(hook, { ...values, events: [...values.events].reverse() })).toEqual({});
    expect(updateBody(hook, { ...values, all: true, description: '' })).toEqual({
      events: ['*'],
      description: null,
    });
    expect(updateBody(hook, { ...values, url: 'https://new.example/h' })).toEqual({
      url: 'https://new.example/h',
    });
  });

  it('describes the subscription', () => {
    expect(describeEvents(['*'])).toBe('All events');
    expect(describeEvents(hook.events)).toBe('registration.created, event.cancelled');
  });
});

describe('a delivery’s last answer', () => {
  const delivery: Delivery = {
    id: 1,
    messageId: 'msg_1',
    type: 'event.created',
    status: 'pending',
    attempts: 0,
    lastStatusCode: null,
    lastError: null,
    nextAttemptAt: '2027-01-01T10:00:00.000Z',
    createdAt: '2027-01-01T10:00:00.000Z',
  };

  it('is nothing before the first attempt, the status after one', () => {
    expect(lastOutcome(delivery)).toBe('Not tried yet');
    expect(lastOutcome({ ...delivery, attempts: 1, lastStatusCode: 204 })).toBe('HTTP 204');
  });

  it('names the failure once', () => {
    const failed = { ...delivery, attempts: 2, lastStatusCode: 503, lastError: 'HTTP 503' };
    expect(lastOutcome(failed)).toBe('HTTP 503');
    const refused = { ...delivery, attempts: 1, lastError: 'connect ECONNREFUSED 10.0.0.1:80' };
    expect(lastOutcome(refused)).toBe('connect ECONNREFUSED 10.0.0.1:80');
  });
});
