# MySQL: a FULLTEXT index on a table the revision creates is fine
# target: mysql
# expect:
from alembic import op
import sqlalchemy as sa

def upgrade():
    op.create_table("article", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))
    op.execute("CREATE FULLTEXT INDEX ft_article_body ON article (body)")

def setup():
    pass
