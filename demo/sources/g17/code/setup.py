from setuptools import find_packages, setup

setup(
    name="src",
    packages=find_packages(),
    version="0.1.0",
    description="Forecasting hourly bike rentals per station",
    author="Group 17",
)
