# MySQL: a FULLTEXT index on a populated table blocks writes (the first one copies the table)
# target: mysql mariadb
# expect: AL120
from alembic import op
import sqlalchemy as sa

def setup():
    op.create_table("article", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("body", sa.Text()))

def upgrade():
    op.execute("SET SESSION lock_wait_timeout = 5")
    op.execute("CREATE FULLTEXT INDEX ft_article_body ON article (body)")
