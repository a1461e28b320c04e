import { alarmEmail, paramFromArgv } from './params';

describe('paramFromArgv', () => {
  it.each([
    [['package', '--param', 'alarmEmail=oncall@example.org'], 'oncall@example.org'],
    [['deploy', '--param=alarmEmail=oncall@example.org'], 'oncall@example.org'],
    [['deploy', '--param', 'other=1', '--param', 'alarmEmail=a=b'], 'a=b'],
  ])('reads the parameter from %j', (argv, value) => {
    // Assess
    expect(paramFromArgv('alarmEmail', argv)).toBe(value);
  });

  it('answers undefined for a missing or valueless parameter', () => {
    // Assess
    expect(paramFromArgv('alarmEmail', ['deploy', '--param', 'other=1'])).toBeUndefined();
    expect(paramFromArgv('alarmEmail', ['deploy', '--param'])).toBeUndefined();
    expect(paramFromArgv('alarmEmail', ['deploy', '--param', 'alarmEmail'])).toBeUndefined();
  });
});

describe('alarmEmail', () => {
  it('prefers --param alarmEmail over ALARM_EMAIL', () => {
    // Assess
    expect(alarmEmail(['--param', 'alarmEmail=a@example.org'], { ALARM_EMAIL: 'b@example.org' })).toBe(
      'a@example.org',
    );
    expect(alarmEmail([], { ALARM_EMAIL: ' b@example.org ' })).toBe('b@example.org');
  });

  it('answers undefined when neither is set or ALARM_EMAIL is blank', () => {
    // Assess
    expect(alarmEmail([], {})).toBeUndefined();
    expect(alarmEmail([], { ALARM_EMAIL: '  ' })).toBeUndefined();
  });
});
