"""`python manage.py export_job_description POST_ID --output FILE`: a post's job description and
person specification as a tagged PDF, for administrators working outside the browser."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from programmes import pdf, selectors
from programmes.models import Post


class Command(BaseCommand):
    help = "Write a post's job description and person specification (PDF) to a file."

    def add_arguments(self, parser):
        parser.add_argument("post_id", type=int)
        parser.add_argument("--output", "-o", required=True, help="The PDF file to write.")

    def handle(self, *args, post_id: int, output: str, **options):
        post = Post.objects.select_related("team", "team__trust").filter(pk=post_id).first()
        if post is None:
            raise CommandError(f"There is no post {post_id}.")
        jd = selectors.job_description_of(post)
        if jd is None:
            raise CommandError(f"Post {post_id} ({post.title}) has no job description yet.")
        path = Path(output)
        path.write_bytes(pdf.job_description_pdf(jd).read())
        self.stdout.write(self.style.SUCCESS(f"Wrote {path} ({path.stat().st_size:,} bytes)."))
