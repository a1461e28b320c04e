// Placeholder so the build runs until the speaker console lands (the console engineer replaces this file).
import { render } from 'preact';
import '../shared/base.css';

render(
  <main>
    <h1>LingoCast speaker console</h1>
  </main>,
  document.getElementById('app') ?? document.body,
);
