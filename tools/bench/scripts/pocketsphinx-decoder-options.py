"""Word accuracy against CPU time of pocketsphinx decoder settings, on flite speech.

Speaks the sentences with flite's rms voice (what libs/speech-fixtures and the benchmarks use), decodes
them with each setting the way the audio-transcription worker does (one decoder, one utterance at a time,
the Debian en-us model), and prints per setting: CPU seconds for all sentences (the least of --repeats runs,
so other work on the machine inflates it less), the median per utterance, the word error rate, and how many
transcripts differ from the first setting's.

    /usr/bin/python3 tools/bench/scripts/pocketsphinx-decoder-options.py
    npx nx run bench:decoder
"""
import argparse
import json
import os
import re
import subprocess
import tempfile
import time

from pocketsphinx import Decoder

MODEL = '/usr/share/pocketsphinx/model/en-us'

# The latency benchmark's sentences (tools/bench/src/speech.ts reads the same file).
with open(os.path.join(os.path.dirname(__file__), '..', 'src', 'sentences.json'), encoding='utf-8') as file:
    SENTENCES = json.load(file)

SETTINGS = [
    ['pocketsphinx defaults', {}],
    ['-maxhmmpf 3000', {'-maxhmmpf': 3000}],
    ['-maxhmmpf 2500', {'-maxhmmpf': 2500}],
    ['-maxhmmpf 2000', {'-maxhmmpf': 2000}],
    ['-fwdflat no -maxhmmpf 3000', {'-fwdflat': False, '-maxhmmpf': 3000}],
    ['-topn 2', {'-topn': 2}],
    ['-pl_window 5', {'-pl_window': 5}],
    ['-ds 2', {'-ds': 2}],
]


def speak(text, folder):
    wav = os.path.join(folder, 'speech.wav')
    subprocess.run(['flite', '-voice', 'rms', '-t', text, '-o', wav], check=True)
    return subprocess.run(
        ['sox', wav, '-t', 'raw', '-r', '16000', '-c', '1', '-b', '16', '-e', 'signed-integer', '-',
         'pad', '0.1', '0.5'],
        check=True, capture_output=True).stdout


def words(text):
    return re.sub(r"[^a-z' ]", '', text.lower()).split()


def edit_distance(reference, hypothesis):
    row = list(range(len(hypothesis) + 1))
    for i in range(1, len(reference) + 1):
        previous, row[0] = row[:], i
        for j in range(1, len(hypothesis) + 1):
            row[j] = min(previous[j] + 1, row[j - 1] + 1,
                         previous[j - 1] + (reference[i - 1] != hypothesis[j - 1]))
    return row[len(hypothesis)]


def decoder_for(settings):
    config = Decoder.default_config()
    config.set_string('-hmm', MODEL + '/en-us')
    config.set_string('-lm', MODEL + '/en-us.lm.bin')
    config.set_string('-dict', MODEL + '/cmudict-en-us.dict')
    config.set_string('-logfn', os.devnull)
    for name, value in settings.items():
        if isinstance(value, bool):
            config.set_boolean(name, value)
        elif isinstance(value, int):
            config.set_int(name, value)
        else:
            config.set_float(name, value)
    return Decoder(config)


def measure(settings, audio, repeats):
    decoder = decoder_for(settings)
    best_total, best_each, transcripts = None, None, None
    for _ in range(repeats):
        each, transcripts = [], []
        for pcm in audio:
            started = time.process_time()
            decoder.start_utt()
            decoder.process_raw(pcm, False, True)
            decoder.end_utt()
            each.append(time.process_time() - started)
            hypothesis = decoder.hyp()
            transcripts.append(hypothesis.hypstr if hypothesis is not None else '')
        if best_total is None or sum(each) < best_total:
            best_total, best_each = sum(each), sorted(each)
    return best_total, best_each[len(best_each) // 2], transcripts


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--repeats', type=int, default=3)
    parser.add_argument('--settings', help='JSON list of [name, {setting: value}] pairs instead of the built-in ones')
    args = parser.parse_args()
    settings = json.loads(args.settings) if args.settings else SETTINGS
    with tempfile.TemporaryDirectory() as folder:
        audio = [speak(text, folder) for text in SENTENCES]
    references = [words(text) for text in SENTENCES]
    reference_words = sum(len(r) for r in references)
    print(f'{len(SENTENCES)} flite sentences, {reference_words} words; load average {os.getloadavg()}')
    first = None
    for name, values in settings:
        total, median, transcripts = measure(values, audio, args.repeats)
        errors = sum(edit_distance(r, words(t)) for r, t in zip(references, transcripts))
        first = first or transcripts
        differing = sum(a != b for a, b in zip(first, transcripts))
        print(f'{name:32} CPU {total:6.2f} s  per utterance p50 {median * 1000:5.0f} ms  '
              f'WER {100 * errors / reference_words:4.1f} %  transcripts differing from the first: {differing}',
              flush=True)
    print(f'load average {os.getloadavg()}')


if __name__ == '__main__':
    main()
