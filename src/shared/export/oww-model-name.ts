/** openWakeWord names a model after its file: "hey nova" -> hey_nova (the name its detections are reported by). */
export function owwModelName(phrase: string): string {
  const slug = phrase
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug === '' ? 'wakeword' : slug.slice(0, 64);
}
