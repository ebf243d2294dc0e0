"""Project commands: `invoke --list` shows them all."""

from invoke import Context, task

PYTHON_VERSION = "3.12"


@task
def requirements(ctx: Context) -> None:
    """Install project requirements."""
    ctx.run("pip install -U pip setuptools wheel", echo=True, pty=True)
    ctx.run("pip install -r requirements.txt", echo=True, pty=True)
    ctx.run("pip install -e .", echo=True, pty=True)


@task
def test(ctx: Context) -> None:
    """Run tests with coverage."""
    ctx.run("coverage run -m pytest tests/", echo=True, pty=True)
    ctx.run("coverage report -m", echo=True, pty=True)


@task
def docker_build(ctx: Context, progress: str = "plain") -> None:
    """Build the training and API images."""
    ctx.run(f"docker build -t train:latest . -f dockerfiles/train.dockerfile --progress={progress}", echo=True)
    ctx.run(f"docker build -t api:latest . -f dockerfiles/api.dockerfile --progress={progress}", echo=True)
