from django.apps import AppConfig


class ScaleConfig(AppConfig):
    """National scale: a synthetic country (``seed_national``) and the benchmarks run on it
    (``bench``, ``bench_import``). Above every app: it reads and writes all of them."""

    name = "scale"
    verbose_name = "national scale"
