import type { ComponentChildren } from 'preact';
import { Heading } from './Heading';

/** A full-screen message (not found, ended, paused, full, error) with its next step. */
export function Message({
  tone,
  title,
  children,
}: {
  tone: 'info' | 'warn' | 'danger';
  title: string;
  children: ComponentChildren;
}) {
  return (
    <section class={`message ${tone}`} aria-labelledby="message-title">
      <Heading id="message-title">{title}</Heading>
      {children}
    </section>
  );
}
