"""Streamlit page: drop a photo, see what the API thinks."""

import os

import requests
import streamlit as st

API = os.environ.get("API_URL", "http://localhost:8080")

st.title("Which mushroom is this?")
photo = st.file_uploader("Photo", type=["jpg", "jpeg", "png"])
if photo is not None:
    st.image(photo)
    result = requests.post(f"{API}/predict", files={"file": (photo.name, photo.getvalue(), photo.type)}, timeout=30)
    for row in result.json()["top3"]:
        st.write(f"**{row['genus']}**: {row['p']:.0%}")
