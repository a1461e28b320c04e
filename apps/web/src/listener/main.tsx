// The listener page's entry (the full page lands in the next commits).
import { render } from 'preact';
import '../shared/base.css';

render(
  <main>
    <h1>LingoCast</h1>
  </main>,
  document.getElementById('app') ?? document.body,
);
