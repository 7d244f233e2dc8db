/**
 * Short tones for admitted and denied, made with Web Audio so there is nothing to load:
 * rising for yes, low and falling for no. Sound adds to colour and words, never replaces them.
 */
let context: AudioContext | null = null;

export function playCue(kind: 'admitted' | 'denied'): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  const notes = kind === 'admitted' ? [660, 880] : [330, 220];
  notes.forEach((frequency, i) => {
    const oscillator = context!.createOscillator();
    const gain = context!.createGain();
    const start = context!.currentTime + i * 0.14;
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.2, start);
    gain.gain.exponentialRampToValueAtTime(0.001, start + 0.13);
    oscillator.connect(gain).connect(context!.destination);
    oscillator.start(start);
    oscillator.stop(start + 0.14);
  });
}
