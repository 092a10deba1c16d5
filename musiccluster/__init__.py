__version__ = "0.1.0"

def load_models():
    "Import the model modules, so that each registers its architectures (`basic_vae.get_arch` calls this for a name it has not seen)."
    from . import basic_vae, conv_vae, beta_cvae, multimodal, vade
