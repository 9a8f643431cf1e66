"""A realistic mixed load on the public pages, for `locust --headless` (driven by bench/run.py).

URLs come from the environment (BENCH_URLS, JSON written by bench/run.py), so the same file
serves any generated database.
"""

import json
import os
import random

from locust import FastHttpUser, constant, task

URLS = json.loads(os.environ.get("BENCH_URLS", "{}"))


def pick(name):
    return random.choice(URLS[name])


class Visitor(FastHttpUser):
    # Closed loop without think time: each client sends its next request at once.
    wait_time = constant(0)

    @task(10)
    def home(self):
        self.client.get("/", name="start")

    @task(20)
    def list_default(self):
        self.client.get(pick("list"), name="list")

    @task(15)
    def list_filtered(self):
        self.client.get(pick("filtered"), name="list filtered")

    @task(20)
    def search(self):
        self.client.get(pick("search"), name="search")

    @task(20)
    def detail(self):
        self.client.get(pick("detail"), name="detail")

    @task(3)
    def forum(self):
        self.client.get(pick("forum"), name="forum")

    @task(1)
    def csv_export(self):
        self.client.get(pick("csv"), name="csv export")
