import hydra
import mlflow
import pandas as pd
from sklearn.metrics import average_precision_score
from xgboost import XGBClassifier

from fraud.data import split


@hydra.main(config_path="../../configs", config_name="config", version_base=None)
def main(cfg):
    X_train, X_test, y_train, y_test = split(pd.read_csv(cfg.data.path), cfg.seed)
    model = XGBClassifier(n_estimators=cfg.model.n_estimators, max_depth=cfg.model.max_depth,
                          scale_pos_weight=(y_train == 0).sum() / (y_train == 1).sum())
    with mlflow.start_run():
        model.fit(X_train, y_train)
        mlflow.log_metric("pr_auc", average_precision_score(y_test, model.predict_proba(X_test)[:, 1]))
        model.save_model("models/xgb.json")


if __name__ == "__main__":
    main()
