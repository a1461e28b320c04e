import { createStore } from './store';

describe('a store', () => {
  it('tells subscribers about changed states only, until they unsubscribe', () => {
    const store = createStore((count: number, step: number) => (step === 0 ? count : count + step), 0);
    const heard: number[] = [];
    const off = store.subscribe((state) => heard.push(state));

    expect(store.dispatch(2)).toBe(2);
    store.dispatch(0);
    off();
    store.dispatch(1);

    expect(heard).toEqual([2]);
    expect(store.state).toBe(3);
  });
});
