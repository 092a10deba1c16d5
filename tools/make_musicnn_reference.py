"""Regenerate `nbs/musicnn_reference.npz`: musicnn's own TensorFlow graph run on a deterministic synthetic signal.

The PyTorch port in `musiccluster.musicnn` is tested against this file. Run it with the project's Python: it computes
the input spectrogram with `musiccluster.musicnn`, then runs musicnn 0.1.0's `models.py` (TensorFlow 1 graph mode) in a
throwaway virtualenv, fed that float32 spectrogram, for all four models:

    python -m venv /tmp/tfenv && /tmp/tfenv/bin/pip install tensorflow-cpu==2.15.1
    /tmp/tfenv/bin/pip install --no-deps musicnn==0.1.0
    python tools/make_musicnn_reference.py --tf-python /tmp/tfenv/bin/python

Nothing here is imported by the library; TensorFlow and musicnn are imported only inside the virtualenv's process.
"""
import argparse, subprocess, sys, tempfile
from pathlib import Path
import numpy as np

MODELS = ('MTT_musicnn', 'MSD_musicnn', 'MTT_vgg', 'MSD_vgg')

def reference_signal(sr=16000, seconds=6.0):
    "A chirp with a slow tremolo plus 3 kHz bursts twice a second: deterministic, no random numbers (the notebook's test repeats it)."
    t = np.arange(int(sr*seconds))/sr
    return (0.4*np.sin(2*np.pi*(220*t + 40*t**2))*(0.6 + 0.4*np.sin(2*np.pi*2*t))
            + 0.2*np.sin(2*np.pi*3000*t)*(t % 0.5 < 0.05)).astype(np.float32)

def run_tensorflow(patches_path, out_path):
    "In the TensorFlow virtualenv: every model's outputs for the patches, one batch, is_training=False."
    import os
    import tensorflow as tf
    import musicnn
    from musicnn import models
    tf.compat.v1.disable_eager_execution()
    x_np = np.load(patches_path)
    out = {'tensorflow_version': np.array(tf.__version__)}
    for model in MODELS:
        tf.compat.v1.reset_default_graph()
        with tf.name_scope('model'):
            x = tf.compat.v1.placeholder(tf.float32, [None, *x_np.shape[1:]])
            is_training = tf.compat.v1.placeholder(tf.bool)
            outputs = models.define_model(x, is_training, model, 50)
        names = (['taggram', 'pool5'] if 'vgg' in model else ['taggram', 'penultimate', 'mean_pool', 'max_pool'])
        tensors = ([tf.nn.sigmoid(outputs[0]), outputs[5]] if 'vgg' in model else
                   [tf.nn.sigmoid(outputs[0]), outputs[8], outputs[6], outputs[7]])
        with tf.compat.v1.Session() as sess:
            tf.compat.v1.train.Saver().restore(sess, os.path.join(os.path.dirname(musicnn.__file__), model) + '/')
            values = sess.run(tensors, feed_dict={x: x_np, is_training: False})
        for name, v in zip(names, values): out[f'{model}/{name}'] = np.asarray(v, np.float32).reshape(len(x_np), -1)
    np.savez(out_path, **out)

def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--tf-python', default='/tmp/tfenv/bin/python', help='Python of the virtualenv with tensorflow and musicnn')
    p.add_argument('--out', default=str(Path(__file__).resolve().parents[1]/'nbs'/'musicnn_reference.npz'))
    p.add_argument('--run-tensorflow', nargs=2, help=argparse.SUPPRESS)  # internal: PATCHES OUT, inside the virtualenv
    a = p.parse_args()
    if a.run_tensorflow: return run_tensorflow(*a.run_tensorflow)
    from musiccluster.musicnn import musicnn_melspec, musicnn_patches
    spec = musicnn_melspec(reference_signal(), 16000)
    patches = musicnn_patches(spec)
    with tempfile.TemporaryDirectory() as tmp:
        np.save(f'{tmp}/patches.npy', patches)
        subprocess.run([a.tf_python, __file__, '--run-tensorflow', f'{tmp}/patches.npy', f'{tmp}/tf.npz'], check=True)
        with np.load(f'{tmp}/tf.npz') as z: tf_out = {k: z[k] for k in z.files}
    keep = {k: v for k, v in tf_out.items() if k.endswith(('taggram', 'penultimate')) or k == 'tensorflow_version'}
    keep['max_pool_head'] = tf_out['MTT_musicnn/max_pool'][:, :16]  # a few pooled front-end values, to localise a failure
    keep['mean_pool_tail'] = tf_out['MTT_musicnn/mean_pool'][:, -16:]  # ...and mid-end values
    keep['spec_probe'] = spec[::25, ::8]  # checks the input: the same signal and spectrogram recipe
    np.savez_compressed(a.out, **keep)
    print(f"wrote {a.out}: {', '.join(f'{k} {v.shape}' for k, v in keep.items())}")

if __name__ == '__main__': main()
