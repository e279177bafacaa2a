# frozen_string_literal: true

module Geo
  class WidgetRegistry < Geo::BaseRegistry
    include ::Geo::ReplicableRegistry
    include ::Geo::VerifiableRegistry

    belongs_to :widget, class_name: 'Widget'

    def self.model_class
      ::Widget
    end

    def self.model_foreign_key
      :widget_id
    end
  end
end
