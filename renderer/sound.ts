/**
 * Short tones for admitted and denied, made with Web Audio so there is nothing to load:
 * rising for yes, low and falling for no, three quick high notes for a visitor calling staff.
 * Sound adds to colour and words, never replaces them.
 */
let context: AudioContext | null = null;

const NOTES = { admitted: [660, 880], denied: [330, 220], call: [988, 988, 988] };

export function playCue(kind: keyof typeof NOTES): void {
  if (typeof AudioContext === 'undefined') return;
  context ??= new AudioContext();
  NOTES[kind].forEach((frequency, i) => {
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
