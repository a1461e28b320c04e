import { readFileSync } from 'node:fs';
import { join } from 'node:path';

// The deploy workflow promotes a stage only on 7/7: read as text (no YAML parser is a dependency).
const WORKFLOW = readFileSync(
  join(__dirname, '..', '..', '..', '.github', 'workflows', 'deploy.yml'),
  'utf8',
);

/** The workflow's step names, in order. */
function stepNames(): string[] {
  return [...WORKFLOW.matchAll(/^ {6}- name: (.+)$/gm)].map((match) => match[1] ?? '');
}

/** The text of the step whose name starts with `prefix`, up to the next step. */
function step(prefix: string): string {
  const start = WORKFLOW.indexOf(`- name: ${prefix}`);
  if (start < 0) throw new Error(`no step named ${prefix}…`);
  const next = WORKFLOW.indexOf('\n      - name: ', start + 1);
  return WORKFLOW.slice(start, next < 0 ? undefined : next);
}

describe('the deploy workflow', () => {
  it('runs the smoke tests after every deploy step of a stage, once the smoke user exists', () => {
    // Act
    const names = stepNames();
    const lastDeploy = Math.max(...names.map((name, i) => (name.startsWith('Deploy ') ? i : -1)));
    const user = names.findIndex((name) => name.startsWith('Create and confirm the smoke user'));
    const smoke = names.findIndex((name) => name.startsWith('Smoke tests against'));

    // Assess
    expect(lastDeploy).toBeGreaterThan(0);
    expect(user).toBeGreaterThan(lastDeploy);
    expect(smoke).toBeGreaterThan(user);
  });

  it('creates a confirmed smoke user with the password from the secret', () => {
    // Act
    const text = step('Create and confirm the smoke user');

    // Assess
    expect(text).toContain('SMOKE_PASSWORD: ${{ secrets.SMOKE_PASSWORD }}');
    expect(text).toContain('aws cognito-idp admin-create-user');
    expect(text).toMatch(
      /aws cognito-idp admin-set-user-password [^\n]*\\\n[^\n]*--password "\$SMOKE_PASSWORD" --permanent/,
    );
    expect(text).toContain("OutputKey=='UserPoolId'");
  });

  it('runs the packed CLI against the stage from its stack outputs, signed in as that user', () => {
    // Act
    const text = step('Smoke tests against');

    // Assess
    expect(text).toContain('npx nx run smoke:pack');
    expect(text).toMatch(/lingocast-smoke \\\n\s+--stage "\$STAGE" --region "\$REGION"/);
    expect(text).toContain('LINGOCAST_SMOKE_PASSWORD: ${{ secrets.SMOKE_PASSWORD }}');
    expect(text).not.toContain('continue-on-error');
    const user = /SMOKE_USER: (\S+)/.exec(step('Create and confirm the smoke user'))?.[1];
    expect(text).toContain(`LINGOCAST_SMOKE_USERNAME: ${user ?? 'no user'}`);
  });

  it('deploys one stage at a time and stops at the first that fails', () => {
    // Assess
    expect(WORKFLOW).toMatch(/max-parallel: 1\n\s+fail-fast: true/);
  });
});
