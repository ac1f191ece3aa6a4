import { describe, expect, it } from 'vitest';
import { scheduleIntervalMs } from '../../lib/tables/schedule.ts';

describe('scheduleIntervalMs', () => {
  it.each([
    ['rate(1 minute)', 60_000],
    ['rate(5 minutes)', 300_000],
    ['rate(15 minutes)', 900_000],
    ['rate(1 hour)', 3_600_000],
    ['rate(2 hours)', 7_200_000],
    ['rate(1 day)', 86_400_000],
    ['rate(3 days)', 259_200_000],
  ])('gives the period of %s in milliseconds', (expression, period) => {
    // Act
    const ms = scheduleIntervalMs(expression);
    // Assess
    expect(ms).toBe(period);
  });

  it.each([
    'cron(0 * * * ? *)',
    ' rate(1 minute)',
    'rate(1 minute) ',
    'rate(x minutes)',
    'rate(1 weeks)',
    'rate(1 minutess)',
  ])('gives no period for %j', (expression) => {
    // Act
    const ms = scheduleIntervalMs(expression);
    // Assess
    expect(ms).toBeNull();
  });
});
